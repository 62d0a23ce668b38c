# One published hotline per clinic: anyone who dials X reaches the clinic's front desk.
variable "clinics" {
  description = "Front-desk line (A) of each clinic, by clinic name."
  type        = map(string)
  default = {
    "shenzhen-futian"  = "+8675523456789"
    "shenzhen-nanshan" = "+8675526543210"
  }
}

resource "privatenumber_ax_binding" "front_desk" {
  for_each  = var.clinics
  a_number  = each.value
  area_code = "0755" # the first apply picks an X in Shenzhen; later plans keep it

  max_call_minutes = 30   # in place
  record_calls     = true # in place
  user_data        = "clinic=${each.key}"
}

# A clinic whose number is already printed on signs: pin its X.
resource "privatenumber_ax_binding" "flagship" {
  a_number         = "+8675529998877"
  x_number         = "+8617000000001"
  others_hint_tone = "welcome-flagship.wav" # uploaded and approved in the console
}

output "published_numbers" {
  value = { for k, b in privatenumber_ax_binding.front_desk : k => b.x_number }
}
