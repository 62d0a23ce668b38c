# tofu test (or terraform test) against the emulator, e.g. its built-in AX application:
#
#   export PRIVATENUMBER_ENDPOINT=http://127.0.0.1:18080 PRIVATENUMBER_APP_KEY=demo-ax-app PRIVATENUMBER_APP_SECRET=demo-ax-secret
#   export TF_VAR_endpoint=$PRIVATENUMBER_ENDPOINT   # for the call helper
#   tofu init && tofu test

variables {
  front_desk = "+8675523456789"
}

run "bind_the_hotline" {
  command = apply

  assert {
    condition     = can(regex("^\\+86\\d{11}$", output.hotline))
    error_message = "The hotline is not a mobile X number: ${output.hotline}"
  }
}

run "a_customer_reaches_the_front_desk" {
  command = apply

  module {
    source = "./tests/call"
  }

  variables {
    from = "+8613900000099"
    to   = run.bind_the_hotline.hotline
  }

  assert {
    condition     = output.trace.reached == var.front_desk && output.trace.hangup_code == "0"
    error_message = "Dialling the hotline reached \"${output.trace.reached}\" (hang-up ${output.trace.hangup_code}), not the front desk."
  }
}
