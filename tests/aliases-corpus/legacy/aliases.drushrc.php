<?php

$aliases['production'] = [
  'uri' => 'example.com',
  'root' => '/path/to/drupal',
];
