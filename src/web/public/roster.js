// A chosen CSV file is read into the form's text field, which is what the form sends.
const file = document.getElementById('roster-file');
const field = document.getElementById('roster');
file.addEventListener('change', async () => {
  if (file.files && file.files[0]) field.value = await file.files[0].text();
});
