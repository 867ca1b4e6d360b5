"""LoRA / QLoRA fine-tuning on the current trl API, with execution-grounded checkpoint choice."""
