# The module under test: a shop's published hotline (AX). Anyone who dials
# the hotline must reach the front desk.

terraform {
  required_providers {
    privatenumber = {
      source = "registry.terraform.io/privnum/privatenumber"
    }
  }
}

variable "front_desk" {
  description = "The front desk's real number (A), in global format."
  type        = string
}

variable "area_code" {
  description = "City whose pool the hotline comes from."
  type        = string
  default     = "0755"
}

resource "privatenumber_ax_binding" "hotline" {
  a_number  = var.front_desk
  area_code = var.area_code
}

output "hotline" {
  description = "The published number (X)."
  value       = privatenumber_ax_binding.hotline.x_number
}
