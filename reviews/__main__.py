from reviews.cli import main

raise SystemExit(main())
