variable "endpoint" {
  description = "Access address of the platform; scripts/demo.sh passes the local emulator's, e.g. http://127.0.0.1:41234."
  type        = string
}

# The emulator's built-in demo applications: one per mode, as on the real
# platform. These keys exist only in the emulator. With real applications, pass
# the keys from your secret store (TF_VAR_applications) and never commit them.
variable "applications" {
  description = "APP_Key and APP_Secret of each application, by mode."
  type = map(object({
    app_key    = string
    app_secret = string
  }))
  sensitive = true
  default = {
    ax   = { app_key = "demo-ax-app", app_secret = "demo-ax-secret" }
    axb  = { app_key = "demo-axb-app", app_secret = "demo-axb-secret" }
    axe  = { app_key = "demo-axe-app", app_secret = "demo-axe-secret" }
    axyb = { app_key = "demo-axyb-app", app_secret = "demo-axyb-secret" }
  }
}
