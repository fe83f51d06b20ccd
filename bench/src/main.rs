fn main() { println!("benchmarks: see make bench"); }
