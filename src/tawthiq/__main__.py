from tawthiq.cli import main

main()
