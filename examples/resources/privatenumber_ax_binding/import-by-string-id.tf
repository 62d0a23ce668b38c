# Adopt a hotline bound earlier by a script: the ID is the X number (or the subscriptionId).
import {
  to = privatenumber_ax_binding.flagship
  id = "+8617000000001"
}

resource "privatenumber_ax_binding" "flagship" {
  a_number = "+8675529998877"
  x_number = "+8617000000001"
}
