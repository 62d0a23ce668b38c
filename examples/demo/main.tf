# A small flower shop in Shenzhen, with a courier in Beijing.
#
#   AX    the front desk's hotline: anyone who dials X reaches the shop's landline
#   AXE   three staff behind extensions of one shared number
#   AXB   two long-lived pairs: a key customer's buyer and their account manager
#   AXYB  the courier's group: the courier owns X, each regular customer gets a Y

locals {
  front_desk_line = "+8675523456789" # the shop's real landline (fixed line: +86, area code without 0, number)

  staff = {
    florist  = { phone = "+8613800000011", extension = "101" }
    manager  = { phone = "+8613800000012", extension = "102" }
    delivery = { phone = "+8613800000013", extension = null } # the platform assigns one
  }

  accounts = {
    hotel-grand = { buyer = "+8613900000021", manager = "+8613800000021", direction = "both" }
    # The wedding planner's buyer calls the manager; the manager never calls them back.
    wedding-co = { buyer = "+8613900000022", manager = "+8613800000022", direction = "a_to_b" }
  }

  courier = "+8613700000031"
  regular_customers = {
    ms-li   = "+8613900000032"
    mr-wang = "+8613900000033"
  }
}

# AX: the published hotline. area_code picks an X on the first apply; it stays put after.
resource "privatenumber_ax_binding" "front_desk" {
  provider  = privatenumber.ax
  a_number  = local.front_desk_line
  area_code = "0755"
  user_data = "front-desk"
}

# AXE: one shared number, one extension per member of staff.
resource "privatenumber_axe_binding" "staff" {
  for_each  = local.staff
  provider  = privatenumber.axe
  x_number  = "+8617000000201"
  a_number  = each.value.phone
  extension = each.value.extension
}

# AXB: pairs that live as long as the contract (no lifetime: no expiry).
resource "privatenumber_axb_binding" "account" {
  for_each       = local.accounts
  provider       = privatenumber.axb
  x_number       = "+8617000000101"
  a_number       = each.value.buyer
  b_number       = each.value.manager
  call_direction = each.value.direction
}

# AXYB: the courier's group in Beijing and one member per regular customer.
resource "privatenumber_axyb_binding" "courier" {
  provider  = privatenumber.axyb
  a_number  = local.courier
  area_code = "010"
}

resource "privatenumber_axyb_member" "customer" {
  for_each   = local.regular_customers
  provider   = privatenumber.axyb
  binding_id = privatenumber_axyb_binding.courier.id
  b_number   = each.value
}
