//! Where models run and in which floating-point precision.
use std::fmt;
use std::str::FromStr;
use tch::{Device, Kind};

/// A device as the user names it: `cpu`, `cuda`, `cuda:N` or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    /// CUDA device 0 when CUDA is available, else the CPU.
    #[default]
    Auto,
    Cpu,
    Cuda(usize),
}

impl FromStr for DeviceChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "auto" => Ok(DeviceChoice::Auto),
            "cpu" => Ok(DeviceChoice::Cpu),
            "cuda" | "gpu" => Ok(DeviceChoice::Cuda(0)),
            _ => text
                .strip_prefix("cuda:")
                .and_then(|n| n.parse().ok())
                .map(DeviceChoice::Cuda)
                .ok_or_else(|| {
                    format!("unknown device '{text}': use cpu, cuda, cuda:N (N = 0, 1, …) or auto")
                }),
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceChoice::Auto => f.write_str("auto"),
            DeviceChoice::Cpu => f.write_str("cpu"),
            DeviceChoice::Cuda(n) => write!(f, "cuda:{n}"),
        }
    }
}

impl DeviceChoice {
    /// The concrete device, checking that a named GPU exists.
    pub fn resolve(self) -> Result<Device, String> {
        match self {
            DeviceChoice::Auto => Ok(Device::cuda_if_available()),
            DeviceChoice::Cpu => Ok(Device::Cpu),
            DeviceChoice::Cuda(n) => {
                let count = tch::Cuda::device_count();
                if !tch::Cuda::is_available() || count <= 0 {
                    Err(format!(
                        "device cuda:{n} requested but CUDA is not available (use --device cpu)"
                    ))
                } else if n as i64 >= count {
                    Err(format!(
                        "device cuda:{n} requested but only {count} CUDA device(s) exist"
                    ))
                } else {
                    Ok(Device::Cuda(n))
                }
            }
        }
    }
}

/// Floating-point precision of the model weights at inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    #[default]
    Fp32,
    Fp16,
    Bf16,
}

impl FromStr for Precision {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fp32" | "float32" => Ok(Precision::Fp32),
            "fp16" | "float16" | "half" => Ok(Precision::Fp16),
            "bf16" | "bfloat16" => Ok(Precision::Bf16),
            other => Err(format!(
                "unknown precision '{other}': use fp32, fp16 or bf16"
            )),
        }
    }
}

impl Precision {
    pub fn kind(self) -> Kind {
        match self {
            Precision::Fp32 => Kind::Float,
            Precision::Fp16 => Kind::Half,
            Precision::Bf16 => Kind::BFloat16,
        }
    }

    /// Half precision is for GPUs: on the CPU it is slow or unsupported.
    pub fn check_device(self, device: Device) -> Result<(), String> {
        if self != Precision::Fp32 && !device.is_cuda() {
            return Err(format!(
                "{self:?} precision needs a CUDA device; on the CPU use fp32"
            ));
        }
        Ok(())
    }

    /// Allowed deviation of a probability row's sum from 1.
    pub fn sum_tolerance(self) -> f32 {
        match self {
            Precision::Fp32 => 1e-3,
            Precision::Fp16 | Precision::Bf16 => 2e-2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_parse() {
        assert_eq!("cpu".parse(), Ok(DeviceChoice::Cpu));
        assert_eq!("CUDA".parse(), Ok(DeviceChoice::Cuda(0)));
        assert_eq!("cuda:3".parse(), Ok(DeviceChoice::Cuda(3)));
        assert_eq!("auto".parse(), Ok(DeviceChoice::Auto));
        for bad in ["tpu", "cuda:", "cuda:x", "cuda:-1"] {
            let err = bad.parse::<DeviceChoice>().expect_err(bad);
            assert!(err.contains("unknown device"), "{err}");
        }
    }

    #[test]
    fn half_precision_is_refused_on_the_cpu() {
        let err = Precision::Fp16
            .check_device(Device::Cpu)
            .expect_err("fp16 on cpu");
        assert!(err.contains("needs a CUDA device"), "{err}");
        assert!(Precision::Fp32.check_device(Device::Cpu).is_ok());
        assert_eq!("bf16".parse(), Ok(Precision::Bf16));
        assert!("int8".parse::<Precision>().is_err());
    }
}
