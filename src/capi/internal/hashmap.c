/* libbpf's internal hash map (include/internal/hashmap.h), for tools built
 * against libbpf's source tree. C because the map is a C data structure that
 * those tools walk through macros reading its fields; its iteration order
 * (newest first within a bucket, buckets re-threaded on growth) is part of
 * what they print, so growth follows libbpf's rule: double (from 4 buckets)
 * when one more entry would load the table past 3/4. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "hashmap.h"

#define HASHMAP_MIN_CAP_BITS 2

void hashmap__init(struct hashmap *map, hashmap_hash_fn hash_fn,
		   hashmap_equal_fn equal_fn, void *ctx)
{
	map->hash_fn = hash_fn;
	map->equal_fn = equal_fn;
	map->ctx = ctx;
	map->buckets = NULL;
	map->cap = 0;
	map->cap_bits = 0;
	map->sz = 0;
}

struct hashmap *hashmap__new(hashmap_hash_fn hash_fn,
			     hashmap_equal_fn equal_fn, void *ctx)
{
	struct hashmap *map = malloc(sizeof(*map));

	if (!map)
		return (void *)(intptr_t)-ENOMEM;
	hashmap__init(map, hash_fn, equal_fn, ctx);
	return map;
}

void hashmap__clear(struct hashmap *map)
{
	struct hashmap_entry *cur, *next;
	size_t b;

	for (b = 0; b < map->cap; b++) {
		for (cur = map->buckets[b]; cur; cur = next) {
			next = cur->next;
			free(cur);
		}
	}
	free(map->buckets);
	map->buckets = NULL;
	map->cap = 0;
	map->cap_bits = 0;
	map->sz = 0;
}

void hashmap__free(struct hashmap *map)
{
	/* NULL and ERR_PTR values (the last page of the address space) are no-ops. */
	if (!map || (uintptr_t)map >= (uintptr_t)-4095)
		return;
	hashmap__clear(map);
	free(map);
}

size_t hashmap__size(const struct hashmap *map)
{
	return map->sz;
}

size_t hashmap__capacity(const struct hashmap *map)
{
	return map->cap;
}

static size_t bucket_of(const struct hashmap *map, long key, size_t bits)
{
	return hash_bits(map->hash_fn(key, map->ctx), bits);
}

static void push_front(struct hashmap_entry **head, struct hashmap_entry *e)
{
	e->next = *head;
	*head = e;
}

static int grow(struct hashmap *map)
{
	size_t bits = map->cap_bits + 1, b;
	struct hashmap_entry **heads, *cur, *next;

	if (bits < HASHMAP_MIN_CAP_BITS)
		bits = HASHMAP_MIN_CAP_BITS;
	heads = calloc((size_t)1 << bits, sizeof(*heads));
	if (!heads)
		return -ENOMEM;
	for (b = 0; b < map->cap; b++) {
		for (cur = map->buckets[b]; cur; cur = next) {
			next = cur->next;
			push_front(&heads[bucket_of(map, cur->key, bits)], cur);
		}
	}
	free(map->buckets);
	map->buckets = heads;
	map->cap_bits = bits;
	map->cap = (size_t)1 << bits;
	return 0;
}

/* The link pointing at the first entry with `key` in bucket `b`, or NULL. */
static struct hashmap_entry **find_link(const struct hashmap *map, long key, size_t b)
{
	struct hashmap_entry **link;

	if (!map->buckets)
		return NULL;
	for (link = &map->buckets[b]; *link; link = &(*link)->next)
		if (map->equal_fn((*link)->key, key, map->ctx))
			return link;
	return NULL;
}

int hashmap_insert(struct hashmap *map, long key, long value,
		   enum hashmap_insert_strategy strategy,
		   long *old_key, long *old_value)
{
	struct hashmap_entry **link, *e;
	size_t b;

	if (old_key)
		*old_key = 0;
	if (old_value)
		*old_value = 0;

	b = bucket_of(map, key, map->cap_bits);
	if (strategy != HASHMAP_APPEND && (link = find_link(map, key, b))) {
		e = *link;
		if (old_key)
			*old_key = e->key;
		if (old_value)
			*old_value = e->value;
		if (strategy == HASHMAP_ADD)
			return -EEXIST;
		e->key = key;
		e->value = value;
		return 0;
	}
	if (strategy == HASHMAP_UPDATE)
		return -ENOENT;

	if (map->cap == 0 || (map->sz + 1) * 4 / 3 > map->cap) {
		int err = grow(map);

		if (err)
			return err;
		b = bucket_of(map, key, map->cap_bits);
	}
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->key = key;
	e->value = value;
	push_front(&map->buckets[b], e);
	map->sz++;
	return 0;
}

bool hashmap_find(const struct hashmap *map, long key, long *value)
{
	struct hashmap_entry **link = find_link(map, key, bucket_of(map, key, map->cap_bits));

	if (!link)
		return false;
	if (value)
		*value = (*link)->value;
	return true;
}

bool hashmap_delete(struct hashmap *map, long key, long *old_key, long *old_value)
{
	struct hashmap_entry **link = find_link(map, key, bucket_of(map, key, map->cap_bits));
	struct hashmap_entry *e;

	if (!link)
		return false;
	e = *link;
	if (old_key)
		*old_key = e->key;
	if (old_value)
		*old_value = e->value;
	*link = e->next;
	free(e);
	map->sz--;
	return true;
}
