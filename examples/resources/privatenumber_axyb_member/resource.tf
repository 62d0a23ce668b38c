# Each regular customer of the driver's group gets their own Y.
# Adding or removing a customer creates or removes only that member.
variable "driver_phone" {
  type = string
}

variable "regular_customers" {
  type = list(string)
}

resource "privatenumber_axyb_binding" "driver" {
  a_number  = var.driver_phone
  area_code = "010"
}

resource "privatenumber_axyb_member" "customer" {
  for_each   = toset(var.regular_customers)
  binding_id = privatenumber_axyb_binding.driver.id
  b_number   = each.value

  # Optional: pick Y in another city, and a tone for the driver calling Y.
  # area_code       = "0755"
  # area_match_mode = "fallback"
  # y_hint_tone     = "customer-ringback.wav"
}
