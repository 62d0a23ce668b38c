terraform {
  required_providers {
    privatenumber = {
      source = "privnum/privatenumber"
    }
  }
}

# Each Private Number application has exactly one mode (AX, AXB, AXE or AXYB)
# and its own APP_Key and APP_Secret: configure one provider alias per application.
# Credentials never belong in files under version control.

# The default configuration reads everything from the environment:
#   PRIVATENUMBER_ENDPOINT    (default https://rtcpns.cn-north-1.myhuaweicloud.com)
#   PRIVATENUMBER_APP_KEY
#   PRIVATENUMBER_APP_SECRET
provider "privatenumber" {}

# Further applications take their keys from a sensitive variable that the
# pipeline fills from its secret store, for example
#   TF_VAR_applications='{"axb":{"app_key":"...","app_secret":"..."},"axe":{...}}'
variable "applications" {
  type = map(object({
    app_key    = string
    app_secret = string
  }))
  sensitive = true
}

provider "privatenumber" {
  alias      = "axb"
  app_key    = var.applications["axb"].app_key
  app_secret = var.applications["axb"].app_secret

  # Optional tuning; each setting also has a PRIVATENUMBER_* environment variable.
  request_timeout     = "30s"
  max_retries         = 5
  requests_per_second = 20
}

provider "privatenumber" {
  alias      = "axe"
  app_key    = var.applications["axe"].app_key
  app_secret = var.applications["axe"].app_secret
}

provider "privatenumber" {
  alias      = "axyb"
  app_key    = var.applications["axyb"].app_key
  app_secret = var.applications["axyb"].app_secret
}
