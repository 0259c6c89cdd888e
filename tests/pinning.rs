//! Pinning: LIBBPF_PIN_BY_NAME maps pinned at load and re-used by the next
//! load, incompatible pinned maps refused, explicit pin/unpin of maps and programs.

mod common;

use bpf::object::{Object, OpenOpts};
use std::path::Path;

fn root_dir(tag: &str) -> String {
    format!("/sys/fs/bpf/oxbpf-test-{tag}-{}", std::process::id())
}

fn open(root: &str) -> Object {
    let opts = OpenOpts {
        pin_root_path: Some(root.to_string()),
        ..Default::default()
    };
    Object::open(&common::bpf_object("pinned"), "pinned", opts).unwrap()
}

fn map_id(obj: &Object, name: &str) -> u32 {
    bpf::sys::bpf::map_info(obj.map_by_name(name).unwrap().fd().unwrap())
        .unwrap()
        .id
}

#[test]
fn pin_by_name_pins_and_reuses() {
    require_root!();
    let root = root_dir("byname");
    let mut a = open(&root);
    assert_eq!(
        a.map_by_name("shared").unwrap().pin_path_str(),
        Some(format!("{root}/shared").as_str())
    );
    assert!(a.map_by_name("private_map").unwrap().pin_path.is_none());
    a.load().unwrap();
    assert!(Path::new(&format!("{root}/shared")).exists());
    assert!(a.map_by_name("shared").unwrap().pinned);

    let mut b = open(&root);
    b.load().unwrap();
    assert_eq!(
        map_id(&a, "shared"),
        map_id(&b, "shared"),
        "second load re-uses the pinned map"
    );
    assert_ne!(map_id(&a, "private_map"), map_id(&b, "private_map"));
    // Data written through one object is seen through the other.
    a.map_by_name("shared")
        .unwrap()
        .update_elem(&5u32.to_ne_bytes(), &7u64.to_ne_bytes(), 0)
        .unwrap();
    let mut v = [0u8; 8];
    b.map_by_name("shared")
        .unwrap()
        .lookup_elem(&5u32.to_ne_bytes(), &mut v, 0)
        .unwrap();
    assert_eq!(u64::from_ne_bytes(v), 7);

    // A pinned map with other parameters is refused.
    let mut c = open(&root);
    c.maps
        .iter_mut()
        .find(|m| m.name == "shared")
        .unwrap()
        .def
        .max_entries = 16;
    let (r, log) = common::logged(|| c.load());
    assert_eq!(r.unwrap_err().errno(), bpf::Errno::EINVAL);
    assert!(common::warned(&log, "parameter mismatch"), "{log:?}");

    b.maps
        .iter_mut()
        .find(|m| m.name == "shared")
        .unwrap()
        .unpin(None)
        .unwrap();
    assert!(!Path::new(&format!("{root}/shared")).exists());
    std::fs::remove_dir(&root).unwrap();
}

#[test]
fn explicit_pin_of_maps_and_programs() {
    require_root!();
    let root = root_dir("explicit");
    let mut o = open(&root);
    o.load().unwrap();
    let dir = format!("{root}/objs");
    o.pin_programs(&dir).unwrap();
    assert!(Path::new(&format!("{dir}/touch")).exists());
    // A map whose pin path differs from the requested directory is refused (as libbpf).
    assert!(o
        .pin_maps(Some(&dir))
        .unwrap_err()
        .to_string()
        .contains("different from"));
    let shared = o.maps.iter_mut().find(|m| m.name == "shared").unwrap();
    shared.unpin(None).unwrap();
    shared.set_pin_path(None);
    o.pin_maps(Some(&dir)).unwrap();
    assert!(Path::new(&format!("{dir}/private_map")).exists());
    // Not on bpffs: refused with a clear error.
    let e = o.progs[0]
        .pin("/tmp/oxbpf-not-bpffs")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not on BPF FS"), "{e}");
    o.unpin_programs(&dir).unwrap();
    o.unpin_maps(Some(&dir)).unwrap();
    assert!(!Path::new(&format!("{dir}/touch")).exists());
    let _ = std::fs::remove_dir(&dir);
    std::fs::remove_dir(&root).unwrap();
}
