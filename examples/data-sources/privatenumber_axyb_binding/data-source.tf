# Look a group up by its X (or by id = subscription ID), with its members.
data "privatenumber_axyb_binding" "driver" {
  x_number = "+8617100000301"
}

output "driver_customers" {
  value = { for m in data.privatenumber_axyb_binding.driver.members : m.b_number => m.y_number }
}
