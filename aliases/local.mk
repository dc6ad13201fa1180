# aliases: example alias files, installed as examples (and loaded by tests).
examplealiasesdir = $(pkgdatadir)/examples/aliases
dist_examplealiases_DATA = aliases/example.site.yml aliases/pgexample.site.yml
