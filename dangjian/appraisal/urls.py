"""Pages of appraisal (考评), included under "appraisal/" by config/urls.py: the member review
(民主评议党员) and the organizations' star rating (评星定级) each add their own patterns."""

app_name = "appraisal"
urlpatterns: list = []
