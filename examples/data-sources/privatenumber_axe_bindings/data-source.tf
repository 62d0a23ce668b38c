# Every merchant on a shared number, e.g. to see how full it is before
# adding more (about 200 per number is recommended).
data "privatenumber_axe_bindings" "shared" {
  x_number = "+8617020000001"
}

output "extensions_in_use" {
  value = { for b in data.privatenumber_axe_bindings.shared.bindings : b.extension => b.a_number }
}

output "merchants_on_shared_number" {
  value = length(data.privatenumber_axe_bindings.shared.bindings)
}
