//! Embeds libtorch's directory as an rpath so that binaries and tests run
//! without LD_LIBRARY_PATH. torch-sys (`links = "tch"`) exports the directory
//! to crates that depend on it directly as DEP_TCH_LIBTORCH_LIB.

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(lib_dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath={lib_dir}");
        // CUDA kernels register themselves from libtorch_cuda at load time;
        // without --no-as-needed the linker drops it and CUDA cannot start.
        println!("cargo:rustc-link-arg=-Wl,--no-as-needed");
        println!("cargo:rustc-link-arg=-ltorch");
    }
}
