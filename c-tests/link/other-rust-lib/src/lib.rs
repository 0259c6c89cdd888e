//! Uses std (allocation, formatting, panics caught) so its runtime is linked in.

#[no_mangle]
pub extern "C" fn other_rust_sum(n: u32) -> u64 {
    let v: Vec<u64> = (1..=u64::from(n)).collect();
    let text = format!("{}", v.iter().sum::<u64>());
    let caught = std::panic::catch_unwind(|| text.parse::<u64>().unwrap());
    caught.unwrap_or(0)
}
