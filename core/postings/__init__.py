"""Job postings: the market data every answer rests on."""
