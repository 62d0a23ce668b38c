# A ride-hailing driver's group: the driver (A) gets an X in Beijing; each
# regular customer (B) gets their own Y (see privatenumber_axyb_member).
# The driver calls a customer's Y; the customer calls the driver's X.
variable "driver_phone" {
  type = string # e.g. "+8613800000001"
}

variable "regular_customers" {
  type = list(string) # e.g. ["+8613900000001", "+8613900000002"]
}

resource "privatenumber_axyb_binding" "driver" {
  a_number  = var.driver_phone
  area_code = "010" # the platform picks X in this city; x_number holds it

  # Optional (the defaults are shown):
  # call_direction          = "both" # or "a_to_b" (driver calls Y only), "b_to_a" (customers call X only)
  # lifetime                = "0s"   # permanent; else "1m" to "2160h" (90 days), whole seconds
  # member_lifetime         = "0s"   # customers end with the group; else at most lifetime
  # record_calls            = false
}

resource "privatenumber_axyb_member" "customer" {
  for_each   = toset(var.regular_customers)
  binding_id = privatenumber_axyb_binding.driver.id
  b_number   = each.value
}

output "driver_x" {
  description = "The number customers call to reach the driver."
  value       = privatenumber_axyb_binding.driver.x_number
}

output "customer_y" {
  description = "The number the driver calls to reach each customer."
  value       = { for b, m in privatenumber_axyb_member.customer : b => m.y_number }
}
