# Two commands do everything on a fresh machine:
#   make demo   runs the main job on the embedded default
#   make test   runs the whole test suite
SHELL := /bin/bash

.PHONY: setup
setup:
	@venv=$$(scripts/setup_venv.sh) && ln -sfn "$$(ls -d $$venv/lib/python3*/site-packages/torch)" .libtorch

.PHONY: demo
demo: setup
	scripts/demo.sh
