# Every X that reaches one front desk (the platform allows at most five per A).
data "privatenumber_ax_bindings" "futian" {
  a_number = "+8675523456789"
}

output "futian_numbers" {
  value = [for b in data.privatenumber_ax_bindings.futian.bindings : b.x_number]
}
