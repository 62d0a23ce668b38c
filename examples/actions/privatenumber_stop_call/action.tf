# End a call in progress, by the sessionId of its call event or CDR (Terraform 1.14+):
#   terraform apply -invoke=action.privatenumber_stop_call.abuse -var session_id=...
variable "session_id" {
  type = string
}

action "privatenumber_stop_call" "abuse" {
  config {
    session_id = var.session_id
  }
}
