/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: libbpf's internal netlink attribute helpers, for tools built against
 * libbpf's source tree (bpftool's `net` command). Written for oxbpf with the
 * names, layouts and inline helpers those tools use.
 */
#ifndef __LIBBPF_NLATTR_H
#define __LIBBPF_NLATTR_H

#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/genetlink.h>

/* Users of this header get netlink from the UAPI headers above; keep a later
 * <linux/netlink.h> from a tools tree from defining it twice. */
#define __LINUX_NETLINK_H

/* Payload types a policy can require. */
enum {
	LIBBPF_NLA_UNSPEC,	/* any bytes */
	LIBBPF_NLA_U8,
	LIBBPF_NLA_U16,
	LIBBPF_NLA_U32,
	LIBBPF_NLA_U64,
	LIBBPF_NLA_STRING,	/* NUL-terminated */
	LIBBPF_NLA_FLAG,	/* no payload */
	LIBBPF_NLA_MSECS,
	LIBBPF_NLA_NESTED,
	__LIBBPF_NLA_TYPE_MAX,
};

#define LIBBPF_NLA_TYPE_MAX (__LIBBPF_NLA_TYPE_MAX - 1)

/* Validation of one attribute type: its payload type and, when not zero,
 * the payload's minimum and maximum length. */
struct libbpf_nla_policy {
	uint16_t type;
	uint16_t minlen;
	uint16_t maxlen;
};

/* A request: netlink header, family header, room for attributes. */
struct libbpf_nla_req {
	struct nlmsghdr nh;
	union {
		struct ifinfomsg ifinfo;
		struct tcmsg tc;
		struct genlmsghdr gnl;
	};
	char buf[128];
};

/* Walks the attributes of a `len`-byte stream at `head`; `rem` counts the
 * bytes left. (nla_ok()/nla_next() are the user's to provide.) */
#define libbpf_nla_for_each_attr(pos, head, len, rem)	\
	for (pos = head, rem = len;			\
	     nla_ok(pos, rem);				\
	     pos = nla_next(pos, &(rem)))

/* The payload of an attribute. */
static inline void *libbpf_nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline uint8_t libbpf_nla_getattr_u8(const struct nlattr *nla)
{
	return *(uint8_t *)libbpf_nla_data(nla);
}

static inline uint16_t libbpf_nla_getattr_u16(const struct nlattr *nla)
{
	return *(uint16_t *)libbpf_nla_data(nla);
}

static inline uint32_t libbpf_nla_getattr_u32(const struct nlattr *nla)
{
	return *(uint32_t *)libbpf_nla_data(nla);
}

static inline uint64_t libbpf_nla_getattr_u64(const struct nlattr *nla)
{
	return *(uint64_t *)libbpf_nla_data(nla);
}

static inline const char *libbpf_nla_getattr_str(const struct nlattr *nla)
{
	return (const char *)libbpf_nla_data(nla);
}

/* The payload's length. */
static inline int libbpf_nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

/*
 * Fills tb[0..maxtype] with the last attribute of each type found in the
 * `len` bytes at `head` (NULL where none); types above maxtype are skipped.
 * With a policy (maxtype + 1 entries), an attribute that breaks it fails the
 * parse with -EINVAL. Returns 0 on success.
 */
int libbpf_nla_parse(struct nlattr *tb[], int maxtype, struct nlattr *head,
		     int len, struct libbpf_nla_policy *policy);
/* libbpf_nla_parse() over the payload of the nested attribute `nla`. */
int libbpf_nla_parse_nested(struct nlattr *tb[], int maxtype,
			    struct nlattr *nla,
			    struct libbpf_nla_policy *policy);
/* Logs the kernel's extended-ack message of an error reply, if it has one. */
int libbpf_nla_dump_errormsg(struct nlmsghdr *nlh);

static inline struct nlattr *nla_data(struct nlattr *nla)
{
	return (struct nlattr *)((char *)nla + NLA_HDRLEN);
}

/* Where the next attribute of `req` goes. */
static inline struct nlattr *req_tail(struct libbpf_nla_req *req)
{
	return (struct nlattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));
}

/* Appends an attribute; -EMSGSIZE when it does not fit in `req`. */
static inline int nlattr_add(struct libbpf_nla_req *req, int type,
			     const void *data, int len)
{
	struct nlattr *nla;

	if (NLMSG_ALIGN(req->nh.nlmsg_len) + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(*req))
		return -EMSGSIZE;
	if (!data != !len)
		return -EINVAL;
	nla = req_tail(req);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy(nla_data(nla), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
	return 0;
}

/* Opens a nested attribute; close it with nlattr_end_nested(). */
static inline struct nlattr *nlattr_begin_nested(struct libbpf_nla_req *req, int type)
{
	struct nlattr *start = req_tail(req);

	if (nlattr_add(req, type | NLA_F_NESTED, NULL, 0))
		return NULL;
	return start;
}

static inline void nlattr_end_nested(struct libbpf_nla_req *req, struct nlattr *start)
{
	start->nla_len = (char *)req_tail(req) - (char *)start;
}

#endif /* __LIBBPF_NLATTR_H */
