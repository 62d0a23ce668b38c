# Test helper: one simulated call through the emulator's admin API.
# Its output is the call's trace (who was reached, events, hang-up code).

terraform {
  required_providers {
    http = {
      source = "registry.terraform.io/hashicorp/http"
    }
  }
}

variable "endpoint" {
  description = "The emulator's base URL (TF_VAR_endpoint)."
  type        = string
}

variable "from" {
  type = string
}

variable "to" {
  type = string
}

data "http" "call" {
  url          = "${var.endpoint}/emulator/v1/calls"
  method       = "POST"
  request_body = jsonencode({ from = var.from, to = var.to, talk_seconds = 30 })

  lifecycle {
    postcondition {
      condition     = self.status_code == 200
      error_message = "The emulator refused the call: ${self.response_body}"
    }
  }
}

output "trace" {
  value = jsondecode(data.http.call.response_body)
}
