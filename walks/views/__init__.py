"""Walk pages, split by family: focus library; programme and upcoming walks; walks; visits."""
