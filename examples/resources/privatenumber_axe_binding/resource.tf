# A marketplace's merchant support: a few masked numbers shared by many
# merchants, each merchant behind an extension of the shared number.
# The provider alias points at an application created in AXE mode.

variable "merchants" {
  description = "Merchant name => real phone and, optionally, a fixed extension (3 digits for this application)."
  type = map(object({
    phone     = string
    extension = optional(string)
  }))
  default = {
    "tea-house"   = { phone = "+8613800000001", extension = "101" }
    "noodle-shop" = { phone = "+8613800000002", extension = "102" }
    "bike-repair" = { phone = "+8613800000003" } # extension assigned by the platform
  }
}

resource "privatenumber_axe_binding" "merchant" {
  for_each  = var.merchants
  a_number  = each.value.phone
  x_number  = "+8617020000001"
  extension = each.value.extension # null: the platform assigns a free one, which then stays put

  # When a merchant dials the shared number with nobody to call back,
  # forward them to the support desk.
  callback_number   = "+8675523456789"
  callback_lifetime = "24h" # a customer can be called back for a day

  record_calls = true
  user_data    = "merchant=${each.key}"
}

# A seasonal pop-up store: the platform picks a number in Shenzhen, and the
# binding ends by itself after 30 days.
resource "privatenumber_axe_binding" "popup" {
  a_number  = "+8613800000099"
  area_code = "0755"
  lifetime  = "720h" # whole minutes: the AXE API takes minutes
}

# A franchise that keeps its extension as long as the contract runs: a
# 30-day lifetime, renewed in place by a plan and apply in its last week.
resource "privatenumber_axe_binding" "franchise" {
  a_number     = "+8613800000098"
  x_number     = "+8617020000001"
  extension    = "201"
  lifetime     = "720h"
  renew_before = "168h"
}

output "merchant_dial_strings" {
  description = "What customers dial: the shared number, then the extension."
  value       = { for k, b in privatenumber_axe_binding.merchant : k => "${b.x_number},${b.extension}" }
}
