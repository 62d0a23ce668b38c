# One binding, by its numbers (or by id = "<subscriptionId>").
data "privatenumber_axb_binding" "acme" {
  x_number = "+8617000000001"
  a_number = "+8613800000001"
  b_number = "+8613900000001"
}

output "acme_expires_at" {
  value = data.privatenumber_axb_binding.acme.expires_at # null: permanent
}
