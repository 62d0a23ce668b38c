# One provider alias per application: each application has exactly one mode.

provider "privatenumber" {
  alias      = "ax"
  endpoint   = var.endpoint
  app_key    = var.applications["ax"].app_key
  app_secret = var.applications["ax"].app_secret
}

provider "privatenumber" {
  alias      = "axb"
  endpoint   = var.endpoint
  app_key    = var.applications["axb"].app_key
  app_secret = var.applications["axb"].app_secret
}

provider "privatenumber" {
  alias      = "axe"
  endpoint   = var.endpoint
  app_key    = var.applications["axe"].app_key
  app_secret = var.applications["axe"].app_secret
}

provider "privatenumber" {
  alias      = "axyb"
  endpoint   = var.endpoint
  app_key    = var.applications["axyb"].app_key
  app_secret = var.applications["axyb"].app_secret
}
