# The AXYB groups on the drivers' X numbers, with their members.
# `terraform query -generate-config-out=adopted.tf` (Terraform 1.14 and later).
# The platform does not report a group's area_code: write it in each generated
# privatenumber_axyb_binding block (area_code = null there) before planning.
list "privatenumber_axyb_binding" "drivers" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617100000301"]
  }
}

list "privatenumber_axyb_member" "customers" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617100000301"]
  }
}
