//! C declarators from BTF type chains. BTF writes a declaration outside-in
//! (`typedef → array → ptr → const → int`); C spells modifiers of pointers
//! to their right, of other types to their left, and wraps pointers to
//! arrays and functions in parentheses. So the chain is collected on a
//! stack down to its terminal type, then printed from the terminal back out.

use super::{kind, Ctx};

/// Deepest recursion of declarations (inline definitions, arrays and
/// function prototypes in a chain) followed: anonymous types containing
/// themselves, or chains of thousands of arrays, would exhaust the stack.
const MAX_NESTING: u32 = 200;

impl Ctx<'_, '_> {
    /// Prints the declaration of `fname` (may be empty) with type `id`.
    pub(super) fn emit_type_decl(&mut self, id: u32, fname: &[u8], lvl: i32) {
        if self.depth > MAX_NESTING {
            crate::warn!("btf_dump: declaration nesting too deep at id:[{id}]");
            return;
        }
        // Frames of nested declarations share one stack (as libbpf does):
        // this one is everything above `base`.
        let base = self.d.decl_stack.len();
        // A chain without a loop visits each type at most once; counted in
        // steps, not pushes, since stripped modifiers are not pushed.
        let max_steps = self.btf.type_cnt();
        let mut steps = 0u32;
        let mut id = id;
        loop {
            let t = self.ty(id);
            if !(self.strip_mods && t.is_mod()) {
                self.d.decl_stack.push(id);
            }
            if id == 0 {
                break;
            }
            match t.kind() {
                kind::PTR
                | kind::VOLATILE
                | kind::CONST
                | kind::RESTRICT
                | kind::FUNC_PROTO
                | kind::TYPE_TAG => id = t.size_or_type,
                kind::ARRAY => id = t.array().0,
                kind::INT
                | kind::ENUM
                | kind::ENUM64
                | kind::FWD
                | kind::STRUCT
                | kind::UNION
                | kind::TYPEDEF
                | kind::FLOAT => break,
                k => {
                    crate::warn!("unexpected type in decl chain, kind:{k}, id:[{id}]");
                    break;
                }
            }
            steps += 1;
            if steps > max_steps {
                crate::warn!("btf_dump: declaration chain loops at id:[{id}]");
                self.d.decl_stack.truncate(base);
                return;
            }
        }
        self.depth += 1;
        self.emit_type_chain(base, fname, lvl);
        self.depth -= 1;
        self.d.decl_stack.truncate(base);
    }

    /// Top of this frame's stack (above `base`).
    fn top(&self, base: usize) -> Option<u32> {
        let s = &self.d.decl_stack;
        (s.len() > base).then(|| s[s.len() - 1])
    }

    fn pop(&mut self, base: usize) -> Option<u32> {
        let s = &mut self.d.decl_stack;
        if s.len() > base {
            s.pop()
        } else {
            None
        }
    }

    /// Pops and prints const/volatile/restrict on top of the stack (they
    /// precede a non-pointer type).
    fn emit_mods(&mut self, base: usize) {
        while let Some(id) = self.top(base) {
            let s = match self.ty(id).kind() {
                kind::VOLATILE => "volatile ",
                kind::CONST => "const ",
                kind::RESTRICT => "restrict ",
                _ => return,
            };
            self.puts(s);
            self.pop(base);
        }
    }

    /// Pops modifiers of arrays and functions (GCC quirks; meaningless in C).
    fn drop_mods(&mut self, base: usize) {
        while let Some(id) = self.top(base) {
            if !self.ty(id).is_mod() {
                return;
            }
            self.pop(base);
        }
    }

    /// `[n]` of an array declarator.
    fn put_dim(&mut self, n: u32) {
        self.puts("[");
        self.put_u64(n as u64);
        self.puts("]");
    }

    fn emit_name(&mut self, name: &[u8], last_was_ptr: bool) {
        if !name.is_empty() && !last_was_ptr {
            self.puts(" ");
        }
        self.put(name);
    }

    fn emit_type_chain(&mut self, base: usize, fname: &[u8], lvl: i32) {
        if self.depth > MAX_NESTING {
            crate::warn!("btf_dump: declaration nesting too deep");
            return;
        }
        // `int ***`, not `int * * *`; true at first for a lone pointer under
        // a function prototype, printed as `(*name)`.
        let mut last_was_ptr = true;
        while let Some(id) = self.pop(base) {
            if id == 0 {
                self.emit_mods(base);
                self.puts("void");
                last_was_ptr = false;
                continue;
            }
            let t = self.ty(id);
            let k = t.kind();
            match k {
                kind::INT | kind::FLOAT => {
                    self.emit_mods(base);
                    let n = self.name(t.name_off);
                    self.put(n);
                }
                kind::STRUCT | kind::UNION => {
                    self.emit_mods(base);
                    if t.name_off == 0 && !self.skip_anon_defs {
                        self.emit_struct_def(id, &t, lvl);
                    } else {
                        self.emit_struct_fwd(id, &t);
                    }
                }
                kind::ENUM | kind::ENUM64 => {
                    self.emit_mods(base);
                    if t.name_off == 0 && !self.skip_anon_defs {
                        self.emit_enum_def(id, &t, lvl);
                    } else {
                        self.emit_enum_fwd(id);
                    }
                }
                kind::FWD => {
                    self.emit_mods(base);
                    self.emit_fwd_def(id, &t);
                }
                kind::TYPEDEF => {
                    self.emit_mods(base);
                    let n = self.ident_name(id);
                    self.put(&n);
                }
                kind::PTR => self.puts(if last_was_ptr { "*" } else { " *" }),
                kind::VOLATILE => self.puts(" volatile"),
                kind::CONST => self.puts(" const"),
                kind::RESTRICT => self.puts(" restrict"),
                kind::TYPE_TAG => {
                    self.emit_mods(base);
                    let n = self.name(t.name_off);
                    if t.kflag() {
                        self.puts(" __attribute__((");
                        self.put(n);
                        self.puts("))");
                    } else {
                        self.puts(" __attribute__((btf_type_tag(\"");
                        self.put(n);
                        self.puts("\")))");
                    }
                }
                kind::ARRAY => {
                    let nelems = t.array().2;
                    self.drop_mods(base);
                    let Some(next) = self.top(base) else {
                        self.emit_name(fname, last_was_ptr);
                        self.put_dim(nelems);
                        return;
                    };
                    let multidim = self.ty(next).kind() == kind::ARRAY;
                    if !fname.is_empty() && !last_was_ptr {
                        self.puts(" ");
                    }
                    if !multidim {
                        self.puts("(");
                    }
                    self.depth += 1;
                    self.emit_type_chain(base, fname, lvl);
                    self.depth -= 1;
                    if !multidim {
                        self.puts(")");
                    }
                    self.put_dim(nelems);
                    return;
                }
                kind::FUNC_PROTO => {
                    self.drop_mods(base);
                    if self.top(base).is_none() {
                        self.emit_name(fname, last_was_ptr);
                    } else {
                        self.puts(" (");
                        self.depth += 1;
                        self.emit_type_chain(base, fname, lvl);
                        self.depth -= 1;
                        self.puts(")");
                    }
                    self.puts("(");
                    let vlen = t.vlen() as usize;
                    // No parameters, or clang's lone `void` one: `(void)`.
                    if vlen == 0 || (vlen == 1 && t.param(0).1 == 0) {
                        self.puts("void)");
                        return;
                    }
                    for i in 0..vlen {
                        if i > 0 {
                            self.puts(", ");
                        }
                        let (name_off, pty) = t.param(i);
                        // A trailing void parameter means varargs.
                        if i == vlen - 1 && pty == 0 {
                            self.puts("...");
                            break;
                        }
                        let n = self.name(name_off);
                        self.emit_type_decl(pty, n, lvl);
                    }
                    self.puts(")");
                    return;
                }
                _ => {
                    crate::warn!("unexpected type in decl chain, kind:{k}, id:[{id}]");
                    return;
                }
            }
            last_was_ptr = k == kind::PTR;
        }
        self.emit_name(fname, last_was_ptr);
    }
}
