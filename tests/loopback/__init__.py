"""Real servers on 127.0.0.1 standing in for Slack, SMTP and webhook receivers in tests."""
