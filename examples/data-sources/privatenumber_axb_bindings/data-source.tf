# Every pair on one X (all pages), for instance to see how many of its 5000
# places are used, or to find the binding a lost bind answer may have left.
data "privatenumber_axb_bindings" "on_x" {
  x_number = "+8617000000001"
}

# Only the binding of one A on that X (or filter with b_number).
data "privatenumber_axb_bindings" "buyer" {
  x_number = "+8617000000001"
  a_number = "+8613800000001"
}

output "pairs_on_x" {
  value = length(data.privatenumber_axb_bindings.on_x.bindings)
}
