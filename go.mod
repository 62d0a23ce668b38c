module github.com/privnum/terraform-provider-privatenumber

go 1.26.0
