"""The annual Integrationsbericht: its context (one function per chapter),
the HTML and PDF rendering, issuing as a background task, and the pages under
``/berichte/``. The only monitoring code that reads all four apps, and only
through their selectors."""
