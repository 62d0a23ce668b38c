# adopt.tfquery.hcl, next to the .tf files that configure the provider.
list "privatenumber_ax_binding" "hotlines" {
  provider         = privatenumber.ax
  include_resource = true
  config {
    x_numbers = ["+8617000000001", "+8617000000002"]
  }
}

list "privatenumber_axb_binding" "pairs" {
  provider         = privatenumber.axb
  include_resource = true
  config {
    x_numbers = ["+8617010000001"]
    a_number  = "+8613800000001" # optional: one A (or b_number: one B)
  }
}

list "privatenumber_axe_binding" "staff" {
  provider         = privatenumber.axe
  include_resource = true
  config {
    x_numbers = ["+8617020000001"]
  }
}

list "privatenumber_axyb_binding" "drivers" {
  provider         = privatenumber.axyb
  include_resource = true
  config {
    x_numbers = ["+8617100000301"]
  }
}

list "privatenumber_axyb_member" "customers" {
  provider         = privatenumber.axyb
  include_resource = true
  config {
    x_numbers = ["+8617100000301"]
  }
}
