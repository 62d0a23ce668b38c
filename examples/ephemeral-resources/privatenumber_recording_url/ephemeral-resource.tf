# modules/recording/main.tf: the download address of a call recording, from
# the CDR's recordObjectName and recordDomain. It carries a token: it is
# fetched on every plan and apply and never written to the state or the plan.
variable "cdr" {
  type = object({
    record_object_name = string
    record_domain      = string
  })
}

ephemeral "privatenumber_recording_url" "call" {
  file_name     = var.cdr.record_object_name
  record_domain = var.cdr.record_domain
}

# Ephemeral values go where nothing is stored: a provider configuration, a
# write-only attribute, or an ephemeral output of a child module.
output "recording_url" {
  value     = ephemeral.privatenumber_recording_url.call.url
  ephemeral = true # an ephemeral output: allowed in a child module, not the root
}
