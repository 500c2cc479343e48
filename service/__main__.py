"""python -m service -> presidio-pdf."""

from service.cli import main

raise SystemExit(main())
