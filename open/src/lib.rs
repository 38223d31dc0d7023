//! Processor side of cardseal: opens "cardseal v1" JWEs.
