"""Serve a GGUF over the OpenAI API with llama-cpp-python's server, AMX guard applied.

`python -m rag.llm_server --model PATH --host 127.0.0.1 --port 8000` is llama-cpp-python's
own server (same options), except that models load with `use_extra_bufts = False` so the
AMX decode crash (llama.cpp #20824) cannot happen on CPUs that have AMX.
"""

from __future__ import annotations

from rag.embedding import set_offline
from rag.llm import disable_extra_buffer_types


def main() -> None:
    set_offline()
    disable_extra_buffer_types()
    from llama_cpp.server.__main__ import main as serve

    serve()


if __name__ == "__main__":
    main()
