"""The Möte page's parts: the full-screen frame with keyboard steps (`frame`), a slide as HTML
(`render`), the inputs gathered and cached (`inputs`) and the decisions recorded per step (`notes`)."""
