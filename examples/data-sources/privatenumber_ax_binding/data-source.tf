# Who answers the number printed on the flagship clinic's sign?
data "privatenumber_ax_binding" "sign" {
  x_number = "+8617000000001"
}

output "sign_rings" {
  value = data.privatenumber_ax_binding.sign.a_number
}
