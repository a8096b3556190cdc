"""Stream workers: the only package that imports faust or aiokafka."""
