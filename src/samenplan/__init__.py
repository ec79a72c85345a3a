"""samenplan: samen met ouders en jeugdige beslissen over passende hulp."""
