from tokumei.cli.main import app

app(prog_name="tokumei")
