//! Which types `dump_type` must emit, in which order: a depth-first walk
//! that queues named definitions after everything they embed. A reference
//! through a pointer to a named struct/union (a "weak" link) only needs a
//! forward declaration, which breaks cycles; an embedded type or an
//! anonymous one (defined inline) is a "strong" link and must come first.

use super::{kind, Ctx, Dumper, Order, MAX_DEPTH};
use crate::btf::Btf;
use crate::error::{Errno, Error, Result};

/// Marks every type referenced by types `last_id+1..=last` (an anonymous
/// enum nobody references is a top-level declaration of constants).
/// Returns how many names these types may claim (tags, identifiers), to
/// size the name tables once instead of growing them.
pub(super) fn mark_referenced(d: &mut Dumper, btf: &Btf, last: u32) -> Result<(usize, usize)> {
    let view = super::table::View::new(btf);
    let (mut tags, mut idents) = (0, 0);
    for id in d.last_id + 1..=last {
        let t = super::ty(&d.types, &view, btf, id);
        if let Some(s) = d.states.get_mut(id as usize) {
            s.set_kind(t.kind());
        }
        let mut mark = |id: u32| {
            if let Some(s) = d.states.get_mut(id as usize) {
                s.set_referenced();
            }
        };
        let n = t.vlen() as usize;
        match t.kind() {
            kind::STRUCT | kind::UNION => tags += 1,
            kind::ENUM | kind::ENUM64 => (tags, idents) = (tags + 1, idents + n),
            kind::TYPEDEF => idents += 1,
            _ => {}
        }
        match t.kind() {
            kind::INT | kind::ENUM | kind::ENUM64 | kind::FWD | kind::FLOAT => {}
            kind::VOLATILE
            | kind::CONST
            | kind::RESTRICT
            | kind::PTR
            | kind::TYPEDEF
            | kind::FUNC
            | kind::VAR
            | kind::DECL_TAG
            | kind::TYPE_TAG => mark(t.size_or_type),
            kind::ARRAY => {
                let (elem, index, _) = t.array();
                mark(index);
                mark(elem);
            }
            kind::STRUCT | kind::UNION => (0..n).for_each(|i| mark(t.member(i).1)),
            kind::FUNC_PROTO => (0..n).for_each(|i| mark(t.param(i).1)),
            kind::DATASEC => (0..n).for_each(|i| mark(t.secinfo(i).0)),
            k => {
                return Err(Error::inval(format!(
                    "btf_dump: type [{id}] has unknown kind {k}"
                )))
            }
        }
    }
    Ok((tags, idents))
}

fn queue(c: &mut Ctx<'_, '_>, id: u32) {
    c.d.queue.push(id);
}

/// Orders `id`: returns 1 for a strong link (must be fully defined before
/// its user), 0 for a weak one (a forward declaration will do).
/// Most members and parameters are ordered already: that answer is
/// settled here, inline, without a call.
#[inline]
pub(super) fn order_type(
    c: &mut Ctx<'_, '_>,
    id: u32,
    through_ptr: bool,
    depth: u32,
) -> Result<i32> {
    if depth <= MAX_DEPTH && c.d.states.get(id as usize).map(|s| s.order()) == Some(Order::Ordered)
    {
        return Ok(1);
    }
    order_type_walk(c, id, through_ptr, depth)
}

#[inline(never)]
fn order_type_walk(c: &mut Ctx<'_, '_>, id: u32, through_ptr: bool, depth: u32) -> Result<i32> {
    if depth > MAX_DEPTH {
        return Err(Error::other(
            Errno(libc::ELOOP),
            format!("btf_dump: type chain too deep at id:[{id}]"),
        ));
    }
    let st = *c.state(id);
    if st.order() == Order::Ordered {
        return Ok(1);
    }
    let t = c.ty(id);
    if st.order() == Order::Ordering {
        if t.is_composite() && through_ptr && t.name_off != 0 {
            return Ok(0);
        }
        crate::warn!("unsatisfiable type cycle, id:[{id}]");
        return Err(Error::other(
            Errno(libc::ELOOP),
            format!("btf_dump: unsatisfiable type cycle at id:[{id}]"),
        ));
    }
    let depth = depth + 1;
    match t.kind() {
        kind::INT | kind::FLOAT => {
            c.state(id).set_order(Order::Ordered);
            Ok(0)
        }
        kind::PTR => {
            let r = order_type(c, t.size_or_type, true, depth);
            c.state(id).set_order(Order::Ordered);
            r
        }
        kind::ARRAY => order_type(c, t.array().0, false, depth),
        kind::STRUCT | kind::UNION => {
            if through_ptr && t.name_off != 0 {
                return Ok(0);
            }
            c.state(id).set_order(Order::Ordering);
            for i in 0..t.vlen() as usize {
                order_type(c, t.member(i).1, false, depth)?;
            }
            if t.name_off != 0 {
                queue(c, id);
            }
            c.state(id).set_order(Order::Ordered);
            Ok(1)
        }
        kind::ENUM | kind::ENUM64 | kind::FWD => {
            if t.name_off != 0 || !st.referenced() {
                queue(c, id);
            }
            c.state(id).set_order(Order::Ordered);
            Ok(1)
        }
        kind::TYPEDEF => {
            let strong = order_type(c, t.size_or_type, through_ptr, depth)?;
            if through_ptr && strong == 0 {
                return Ok(0);
            }
            queue(c, id);
            c.state(id).set_order(Order::Ordered);
            Ok(1)
        }
        kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
            order_type(c, t.size_or_type, through_ptr, depth)
        }
        kind::FUNC_PROTO => {
            let mut strong = order_type(c, t.size_or_type, through_ptr, depth)? > 0;
            for i in 0..t.vlen() as usize {
                if order_type(c, t.param(i).1, through_ptr, depth)? > 0 {
                    strong = true;
                }
            }
            Ok(strong as i32)
        }
        kind::FUNC | kind::VAR | kind::DATASEC | kind::DECL_TAG => {
            c.state(id).set_order(Order::Ordered);
            Ok(0)
        }
        k => Err(Error::inval(format!(
            "btf_dump: type [{id}] of kind {k} cannot be ordered"
        ))),
    }
}
