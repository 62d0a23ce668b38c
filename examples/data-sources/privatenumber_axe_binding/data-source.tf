# Who is behind extension 101 of the shared number?
data "privatenumber_axe_binding" "ext_101" {
  x_number  = "+8617020000001"
  extension = "101"
}

# The same binding by its subscription ID.
data "privatenumber_axe_binding" "by_id" {
  id = data.privatenumber_axe_binding.ext_101.id
}

output "merchant_behind_101" {
  value = data.privatenumber_axe_binding.ext_101.a_number
}
