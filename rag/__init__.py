"""Grounded, offline question answering over a folder of documents.

Importing `rag` is cheap: heavy libraries (torch, sentence-transformers, llama_cpp,
faiss, gradio) are imported only inside the functions that need them.
"""

__version__ = "0.1.0"
