"""The operator's alarm desk (issue 15 §4): toasts, sound, list, status page, popups."""
