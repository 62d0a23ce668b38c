import {
  to = privatenumber_axyb_member.customer["+8613900000001"]
  id = "6f1c0a4e9b2d4c7f8a3e5d1b2c4f6a8e/+8613900000001"
}
