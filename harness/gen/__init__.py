"""Generation: run configs, prompts, SQL extraction, model backends and `harness run`."""
