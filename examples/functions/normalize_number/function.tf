# Numbers as people write them (a spreadsheet, a form) in the global format
# every number attribute takes. National numbers are read as Chinese (+86).
locals {
  staff = {
    alice = "138 0013 8000"  # mobile    -> +8613800138000
    bob   = "0755-8888 6666" # fixed line -> +8675588886666
    carol = "+852 2123 4567" # keeps its country code
  }
}

resource "privatenumber_ax_binding" "staff" {
  for_each  = local.staff
  a_number  = provider::privatenumber::normalize_number(each.value)
  area_code = "0755"
}
